import QNetJobs
QNetCommand.main()
