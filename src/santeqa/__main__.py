from santeqa.cli import main

main()
