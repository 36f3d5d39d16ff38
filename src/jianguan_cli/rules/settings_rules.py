"""The settings file itself (jianguan.toml): reported when it cannot be used (exit code 3)."""

from jianguan_cli.rules.base import declare

SETTINGS_RULE = declare("J001", "settings", "设置文件有误", """
设置文件 jianguan.toml 无法读取、格式错误，或有未知的设置项、不合规定的取值。jianguan 停止检查（退出码 3）；
用 ``--output`` 写报告时，报告中只有这一条问题。

好的写法::

    district = "兰州市七里河区"
    [deadlines]
    submit = 2017-05-30

有问题的写法（少了引号，日期写成中文）::

    district = 兰州市七里河区
    [deadlines]
    submit = 2017年5月30日
""")
