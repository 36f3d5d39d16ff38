"""Rules the schema stage reports: each JSON Schema keyword failure has its own ID."""

from jianguan_cli.rules.base import declare

declare("S201", "type", "类型错误", """
值的类型不对：例如该写列表的地方写成了一段文字，或者没有填写。

好的写法::

    objects:
      - 取得资格的企业

有问题的写法::

    objects: 取得资格的企业
""", quick_fix="quote", says_empty=True)

declare("S202", "required", "缺少必填项", """
缺少模板规定的必填项，在缺少该项的那一层报告。

好的写法::

    plan:
      cycle: 每年
      schedule:
        - period: 每年1月
          task: 制定年度监管计划。

有问题的写法（缺少 schedule）::

    plan:
      cycle: 每年
""", quick_fix="required")

declare("S203", "unknown-key", "未知的键", """
出现了模板中没有的键，多为拼写错误或直接写了中文标题；会提示最接近的正确键名。

好的写法::

    objects:
      - 取得资格的企业

有问题的写法::

    监管对象:
      - 取得资格的企业
""", quick_fix="key")

declare("S204", "enum", "取值不在允许范围内", """
取值必须从规定的选项中选择（例如监管方式、审核状态、监管要点），会列出全部可选值。

好的写法::

    methods:
      - 双随机一公开抽查

有问题的写法::

    methods:
      - 双随机抽查
""")

declare("S205", "empty", "内容为空或过少", """
必填的文字或列表是空的，或者少于规定的项数（例如监管程序至少两步）。

好的写法::

    procedure:
      - 制定检查计划。
      - 实地检查并制作现场检查笔录。

有问题的写法::

    procedure:
      - 实地检查。
""", says_empty=True)

declare("S206", "format", "格式错误", """
日期、网址、编码等格式不对。日期写作 年-月-日。

好的写法::

    review:
      status: 已报送
      submitted: 2017-05-22

有问题的写法::

    review:
      status: 已报送
      submitted: 2017年5月22日
""")

declare("S207", "range", "数值超出范围", """
数值超出允许范围，例如随机抽查比例须大于 0、不超过 100（写 20 表示 20%）。

好的写法::

    plan:
      random_check_ratio: 20

有问题的写法::

    plan:
      random_check_ratio: 120
""")

declare("S208", "unique", "重复的项", """
列表中有重复的项。

好的写法::

    methods: [书面检查, 实地检查]

有问题的写法::

    methods: [书面检查, 书面检查]
""")
