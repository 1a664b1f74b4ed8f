package dev.rowgate;

import dev.rowgate.cli.RowgateCommand;

/** Process entry: picks the log target (serve logs JSON to stdout; other commands keep stdout for their output), then runs the CLI. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        boolean serving = args.length > 0 && args[0].equals("serve");
        if (System.getProperty("rowgate.log.target") == null) {
            System.setProperty("rowgate.log.target", serving ? "System.out" : "System.err");
            System.setProperty("rowgate.log.level", serving ? "INFO" : "WARN");
        }
        int code = RowgateCommand.run(args, System.getenv(), System.out, System.err);
        if (!serving || code != 0) System.exit(code);
    }
}
