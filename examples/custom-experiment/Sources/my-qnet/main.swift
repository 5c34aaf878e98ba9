import QNetJobs

// Every qnet command, with the stored-pair protocol beside the built-in ones.
QNetCommand.main(registering: [StoredPairQBER.protocolSpec])
