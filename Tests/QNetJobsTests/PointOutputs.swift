@testable import QNetJobs

extension Job {
    /// Point `index` run with its runs and seed, its outputs by column name.
    func outputs(ofPoint index: Int) throws -> [String: Double?] {
        let row = try prepare(index).row(runs, pointSeed(index))
        return Dictionary(uniqueKeysWithValues: zip(outputs.map(\.name), row))
    }
}
