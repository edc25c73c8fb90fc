import ArgumentParser

/// The exit codes of every dicomfix command (documented in README and the man pages).
public enum ExitStatus {
    /// Everything succeeded and nothing was found wrong.
    public static let success = ExitCode(0)
    /// The command ran, but some inputs failed or problems were found.
    public static let problemsFound = ExitCode(1)
    /// The command could not run at all (no input found, output not writable, ...).
    public static let fatal = ExitCode(2)
    /// Wrong options or arguments (swift-argument-parser's code for usage errors).
    public static let usage = ExitCode(64)
}
