import QNetCommands
QNetCommand.main()
