"""Rules the loader reports: encoding, YAML syntax and the traps of a Chinese keyboard."""

from jianguan_cli.findings import Severity
from jianguan_cli.rules.base import declare

SYNTAX_RULE = declare("Y101", "yaml-syntax", "YAML 格式错误", """
YAML 格式错误：文件无法按 YAML 读取。报告的是写错的那一行（而不是解析器停下的地方），并说明真正的原因：
没有闭合的引号报告在引号所在的行；以 "、[、{、*、&、!、%、@、`、|、> 开头又接着写文字的值，说明要整个用引号
括起来并给出改法；缩进多了或少了一个空格，报告缩进错的那一行和同一层应有的空格数。

好的写法::

    responsible_unit: 社会事务科
    actions:
      daily: '"双随机"审查年度报告。'

有问题的写法（冒号后面的文字里又出现了“: ”；文字以引号开头、引号后还有文字）::

    responsible_unit: 科室: 社会事务科
    actions:
      daily: "双随机"审查年度报告。
""", blocks_fmt=True, quick_fix="quote")

declare("Y102", "duplicate-key", "重复的键", """
同一层中同一个键出现了两次：后一处会被忽略，内容可能丢失。

好的写法::

    objects:
      - 取得资格的企业

有问题的写法::

    objects:
      - 取得资格的企业
    objects:
      - 擅自从事的单位
""", blocks_fmt=True)

declare("Y103", "colon", "冒号写法不对", """
键后面用了中文全角冒号“：”，或英文冒号后面没有空格；YAML 只认“英文冒号加空格”。键名写成中文（如
“监管对象：”）时，按模板中各项的中文名称指出应写的英文键名（objects）。

好的写法::

    responsible_unit: 社会事务科
    objects:
      - 取得资格的企业

有问题的写法::

    responsible_unit：社会事务科
    responsible_unit:社会事务科
    监管对象：
      - 取得资格的企业
""", blocks_fmt=True, keyboard_trap=True, repaired_by_fmt_fix=True, quick_fix="retype")

declare("Y104", "fullwidth-space", "全角空格或特殊空格", """
缩进或冒号、“-” 后面用了中文全角空格“　”（U+3000）、从 Word 或网页复制来的不换行空格（U+00A0），
或排版用的空格（U+2002–U+200A 等）；它们看起来和空格一样，YAML 却只认半角空格。报告所在的行和列，
``jianguan fmt --fix`` 把它们换成半角空格（文字中间的空格是内容，不报告也不改动）。

好的写法::

    plan:
      cycle: 每年

有问题的写法（行首是全角空格或不换行空格）::

    plan:
    　cycle: 每年
""", blocks_fmt=True, keyboard_trap=True, repaired_by_fmt_fix=True, quick_fix="retype")

declare("Y105", "tab-indent", "Tab 缩进", """
行首用了 Tab 键缩进；YAML 只能用空格缩进。

好的写法::

    item:
      code: QLH-MZ-004

有问题的写法（行首是 Tab）::

    item:
    	code: QLH-MZ-004
""", blocks_fmt=True, keyboard_trap=True, quick_fix="tab")

ENCODING_RULE = declare("Y106", "encoding", "文件编码", """
文件不是 UTF-8 编码（例如 GBK/GB18030 或 UTF-16），或者根本不是文本文件。GBK 文件仍会
继续检查，但必须转换为 UTF-8 后再提交。

好的做法：在记事本或 WPS 中“另存为”，编码选择 UTF-8；或运行
``iconv -f GB18030 -t UTF-8 原文件 > 新文件``。

有问题的做法：用默认编码为 GBK 的旧版编辑器保存文件。
""", blocks_fmt=True)

declare("Y107", "empty-file", "空文件", """
文件是空的（或只有注释）。

好的做法：运行 ``jianguan new 事项编码`` 生成填写模板。

有问题的做法：提交一个空的 .yaml 文件。
""", blocks_fmt=True)

declare("Y108", "yaml-tag", "不支持的标签", """
用了以 ! 开头的 YAML 标签；监管办法只包含文字、数字、日期和列表。

好的写法::

    schema_version: 1

有问题的写法::

    schema_version: !custom 1
""", blocks_fmt=True, quick_fix="quote")

declare("Y109", "too-large", "文件过大或嵌套过深", """
文件展开后过大（大量锚点 & 和别名 * 引用），或嵌套层数过多，无法安全读取。

好的写法：直接写出每一项内容。

有问题的写法::

    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a]
""", blocks_fmt=True)

declare("Y110", "unreadable", "文件无法读取", """
监管办法所在的位置不是一个能读取的普通文件：文件夹（或名字以 .yaml 结尾的文件夹）、没有读取权限的文件或文件夹、
断开或循环的符号链接、指向数据仓库以外或指向文件夹的符号链接、命名管道或设备。jianguan 不读取它们，
但每一个都报告出来，不会当作不存在而放过；无法读取的文件夹中的事项不再报告“没有监管办法”（V901）。

好的做法::

    measures/mz/QLH-MZ-001.yaml     （普通文件，所有人可读）

有问题的做法::

    measures/mz/QLH-MZ-001.yaml -> /home/张三/草稿.yaml   （指向仓库以外的符号链接）
    measures/mz/                     （chmod 000，没有读取权限）
""", blocks_fmt=True)

LINE_SEPARATOR_RULE = declare("Y111", "invisible-line-break", "看不见的换行符", """
文字中有 NEL（U+0085）、行分隔符（U+2028）或段分隔符（U+2029）：它们看不见，却有的程序当作换行、有的不当作，
同一个文件会被读成不同的样子。jianguan 一律把它们当作空格读取，并逐个报告。常见于从 Word 或网页复制的文字；
``jianguan fmt --fix`` 把它们换成空格。

好的写法::

    responsible_unit: 社会事务科

有问题的写法（“社会”和“事务科”之间有一个看不见的 U+2028）::

    responsible_unit: 社会 事务科
""", blocks_fmt=True)

declare("Y112", "invisible-character", "看不见的字符", """
键或文字中有看不见的字符：零宽空格（U+200B）、零宽连接符和非连接符（U+200C、U+200D）、零宽不换行符
（U+2060）、文件中间的 BOM（U+FEFF）、文字方向标记（U+200E、U+200F、U+202A–U+202E、U+2066–U+2069）。
屏幕上看不出区别，但键名 cycle 中间多了一个零宽空格就不再是 cycle。报告字符的名称、编码和所在的列；
jianguan 按删除它之后的样子继续检查，``jianguan fmt --fix`` 删除它。表情符号中的连接符（👨‍👩）是文字的一部分，
不报告也不删除。

好的写法::

    plan:
      cycle: 每年

有问题的写法（“cy”和“cle”之间有一个看不见的零宽空格 U+200B）::

    plan:
      cy​cle: 每年
""", blocks_fmt=True, keyboard_trap=True, repaired_by_fmt_fix=True, quick_fix="retype")

declare("Y113", "list-dash-space", "列表项“-”后缺少空格", """
列表项的 “-” 和内容之间没有空格：YAML 不把 “-实地检查” 当作列表项，而是把它和上下文连成一段文字。
报告这一行；``jianguan fmt --fix`` 补上空格。

好的写法::

    methods:
      - 实地检查
      - 双随机一公开抽查

有问题的写法::

    methods:
      -实地检查
      - 双随机一公开抽查
""", blocks_fmt=True, keyboard_trap=True, repaired_by_fmt_fix=True)

declare("Y114", "odd-indent", "缩进多了或少了一个空格", """
键或列表项的缩进是奇数个空格（如 3 个）：监管办法每层缩进 2 个空格。同一层的其他行缩进不同时，文件无法读取，
报告为 Y101；这一行是唯一的下一级内容时 YAML 仍能读取，但这是同样的手误，接着在它旁边写的键就会对不齐，所以提醒。
整个文件都按奇数缩进书写时不报告。``jianguan fmt`` 统一为每层 2 个空格。

好的写法::

    review:
      status: 起草

有问题的写法（多了一个空格）::

    review:
       status: 起草
""", Severity.WARNING)

declare("Y121", "folded-list-item", "列表项被并入上一项", """
一行看起来是列表项（以 “- ” 开头），但缩进比上面的列表深：YAML 不把它当作新的一项，而是把它连同
“-” 并入上一项的文字，两项变成一项（“a - b”）。在这一行报告；``jianguan fmt`` 不整理这样的文件，
以免合并被写死。

好的写法::

    objects:
      - 取得资格的企业
      - 未经许可擅自从事的单位

有问题的写法（第二项多缩进了两格，读成一项“取得资格的企业 - 未经许可擅自从事的单位”）::

    objects:
      - 取得资格的企业
        - 未经许可擅自从事的单位
""", blocks_fmt=True)

declare("Y122", "cjk-line-break", "中文句子中间换行", """
没有加引号（或加了英文双引号，或写在 ``>`` 块中）的文字写成了几行：YAML 读取时把每个换行变成一个
空格，中文句子中间就多了空格（“每年3月31日前 报送年度报告”）。在接续的那一行报告；``jianguan fmt --fix`` 把这几行
接成一行，两个中文字符之间不留空格（不加 --fix 时 fmt 不整理这样的文件）。

好的写法::

    task: 每年3月31日前报送年度报告。

有问题的写法::

    task: 每年3月31日前
      报送年度报告。
""", Severity.WARNING, blocks_fmt=True, repaired_by_fmt_fix=True)

COMMENT_IN_VALUE_RULE = declare("Y123", "comment-in-value", "内容被当作注释", """
文字中出现了“空格 + #”：YAML 把 # 及其后面的文字当作注释，不会出现在内容中（“民政局 #3号楼”只读成
“民政局”）。# 后面紧接着中文或数字、而这一项是中文时报告，因为那多半是内容而不是注释。

好的写法::

    address: "兰州市七里河区民政局 #3号楼"
    random_check_ratio: 20  # 按法定抽查比例填写

有问题的写法::

    address: 兰州市七里河区民政局 #3号楼
""", Severity.WARNING)
