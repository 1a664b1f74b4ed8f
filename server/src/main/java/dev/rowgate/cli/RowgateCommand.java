package dev.rowgate.cli;

import dev.rowgate.InvalidInputException;
import dev.rowgate.config.ConfigException;
import dev.rowgate.store.DatabaseUnavailableException;
import dev.rowgate.web.HttpServer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rowgate}: the server and its operator commands. Errors go to stderr as one line with a non-zero exit code
 * (2: bad input or configuration, 1: the database or the network failed), never as a stack trace.
 */
@Command(name = "rowgate", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "rowgate 0.1.0",
        description = "OAuth authorization server, row ledger and metered data API.")
public final class RowgateCommand implements Runnable {

    /**
     * The commands, by name. Only the one a run names is given to picocli: building the model of every command by
     * reflection cost the server's start 0.3 s of CPU (bench/README.md, "Start-up"). A run that names none, or an
     * unknown one, gets them all, for the help and the "did you mean" of picocli.
     */
    private static final Map<String, Class<?>> COMMANDS = commands(ServeCommand.class, MigrateCommand.class, UsersCommand.class,
            PlansCommand.class, AppsCommand.class, GrantsCommand.class, TokensCommand.class, KeysCommand.class, LedgerCommand.class,
            DataCommand.class, LifecycleCommand.class);

    private static Map<String, Class<?>> commands(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) byName.put(c.getAnnotation(Command.class).name(), c);
        return byName;
    }

    /** The environment and output streams of this run; tests pass their own. */
    record Io(Map<String, String> env, PrintStream out, PrintStream err) {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a command, e.g. rowgate serve (see rowgate --help)");
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Io io = new Io(env, out, err);
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        // Every command gets this run's Io from the factory, so no command reads globals.
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K instance = defaults.create(cls);
                if (instance instanceof BaseCommand command) command.io = io;
                return instance;
            }
        };
        {
            CommandLine cli = new CommandLine(new RowgateCommand(), factory);
            Class<?> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
            for (Class<?> command : COMMANDS.values()) {
                if (named == null || command == named) cli.addSubcommand(new CommandLine(command, factory));
            }
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
                String message = switch (e) {
                    case ConfigException c -> c.getMessage();
                    case InvalidInputException i -> i.getMessage();
                    case DatabaseUnavailableException d -> d.getMessage();
                    case HttpServer.ListenException l -> l.getMessage();
                    case java.io.UncheckedIOException u -> u.getCause().getMessage();
                    default -> "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
                };
                err.println("rowgate: " + message);
                return e instanceof ConfigException || e instanceof InvalidInputException ? 2 : 1;
            });
            return cli.execute(args);
        }
    }
}
