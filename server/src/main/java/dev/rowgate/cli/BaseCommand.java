package dev.rowgate.cli;

import dev.rowgate.Wiring;
import dev.rowgate.config.Config;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command that works on the configured database: its options, this run's Io, and the wiring helper. */
abstract class BaseCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    /** Set by RowgateCommand's factory. */
    RowgateCommand.Io io;

    /** Flags of this command that map to configuration keys (serve's --port, ...). */
    Map<String, String> configFlags() {
        return Map.of();
    }

    Config config() {
        return common.load(io.env(), configFlags());
    }

    @FunctionalInterface
    interface WiredAction {
        int run(Wiring wiring);
    }

    /** Builds the wiring on the configured database (migrating it), runs the action, and closes the pools. */
    int withWiring(WiredAction action) {
        try (Wiring wiring = Wiring.build(config(), Clock.systemUTC())) {
            return action.run(wiring);
        }
    }

    void print(Object jsonValue, String human) {
        Output.print(io.out(), common.json, jsonValue, human);
    }
}
