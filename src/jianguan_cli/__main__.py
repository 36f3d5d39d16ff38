from jianguan_cli.cli import main

main()
