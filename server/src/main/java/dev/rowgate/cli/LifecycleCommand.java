package dev.rowgate.cli;

import dev.rowgate.InvalidInputException;
import dev.rowgate.Wiring;
import dev.rowgate.audit.Actor;
import dev.rowgate.lifecycle.Lifecycle;
import dev.rowgate.lifecycle.SunsetDate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The operator's lifecycle switches (integration-protocol.md, "Lifecycle"); the same settings and audit events as /admin/lifecycle. */
@Command(name = "lifecycle", description = "App submissions, auto-approve, sign-up, and sunsets of access paths.",
        subcommands = {LifecycleCommand.Show.class, LifecycleCommand.Submissions.class, LifecycleCommand.AutoApprove.class,
                LifecycleCommand.Signup.class, LifecycleCommand.Sunset.class})
final class LifecycleCommand {

    static Map<String, Object> state(Wiring w) {
        Lifecycle l = w.lifecycle();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("submissions_open", l.submissions().open());
        m.put("submissions_message", l.submissions().open() ? null : l.submissions().message());
        m.put("auto_approve", l.autoApprove());
        m.put("signup_open", l.signupOpen());
        Map<String, Object> sunsets = new LinkedHashMap<>();
        for (Lifecycle.AccessPath p : Lifecycle.AccessPath.values()) {
            sunsets.put(p.key(), l.sunset(p).map(s -> s.sunsetAt().toString()).orElse(null));
        }
        m.put("sunsets", sunsets);
        return m;
    }

    static String human(Map<String, Object> state) {
        StringBuilder sb = new StringBuilder();
        sb.append("submissions: ").append(Boolean.TRUE.equals(state.get("submissions_open")) ? "open" : "closed (" + state.get("submissions_message") + ")");
        sb.append("\nauto-approve: ").append(Boolean.TRUE.equals(state.get("auto_approve")) ? "on" : "off");
        sb.append("\nsign-up: ").append(Boolean.TRUE.equals(state.get("signup_open")) ? "open" : "closed");
        @SuppressWarnings("unchecked")
        Map<String, Object> sunsets = (Map<String, Object>) state.get("sunsets");
        sunsets.forEach((k, v) -> sb.append("\nsunset ").append(k).append(": ").append(v == null ? "none" : v));
        return sb.toString();
    }

    abstract static class Change extends BaseCommand {
        /** Applies the change and returns the audit event name and detail. */
        abstract Map.Entry<String, Map<String, Object>> apply(Wiring w);

        @Override
        public Integer call() {
            return withWiring(w -> {
                var event = apply(w);
                w.audit().record(event.getKey(), null, null, null, Actor.CLI.detail(event.getValue()));
                Map<String, Object> state = state(w);
                print(state, human(state));
                return 0;
            });
        }
    }

    @Command(name = "show", description = "Print the lifecycle settings.")
    static final class Show extends BaseCommand {
        @Override
        public Integer call() {
            return withWiring(w -> {
                Map<String, Object> state = state(w);
                print(state, human(state));
                return 0;
            });
        }
    }

    @Command(name = "submissions", description = "Open or close new app submissions (existing apps keep working).")
    static final class Submissions extends Change {
        @Parameters(paramLabel = "open|close")
        String state;

        @Option(names = "--message", description = "Shown on the submission page while closed.")
        String message;

        Map.Entry<String, Map<String, Object>> apply(Wiring w) {
            boolean open = switch (state) {
                case "open" -> true;
                case "close" -> false;
                default -> throw new InvalidInputException("submissions: must be open or close");
            };
            if (message != null && message.length() > 500) throw new InvalidInputException("--message: at most 500 characters");
            w.lifecycle().setSubmissions(open, message);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("open", open);
            d.put("message", open ? null : message);
            return Map.entry("lifecycle.submissions", d);
        }
    }

    @Command(name = "auto-approve", description = "New apps skip the review queue (on) or wait for an operator (off).")
    static final class AutoApprove extends Change {
        @Parameters(paramLabel = "on|off")
        String state;

        Map.Entry<String, Map<String, Object>> apply(Wiring w) {
            if (!state.equals("on") && !state.equals("off")) throw new InvalidInputException("auto-approve: must be on or off");
            w.lifecycle().setAutoApprove(state.equals("on"));
            return Map.entry("lifecycle.auto_approve", Map.of("on", state.equals("on")));
        }
    }

    @Command(name = "signup", description = "Open or close sign-up.")
    static final class Signup extends Change {
        @Parameters(paramLabel = "open|close")
        String state;

        Map.Entry<String, Map<String, Object>> apply(Wiring w) {
            if (!state.equals("open") && !state.equals("close")) throw new InvalidInputException("signup: must be open or close");
            w.lifecycle().setSignupOpen(state.equals("open"));
            return Map.entry("lifecycle.signup", Map.of("open", state.equals("open")));
        }
    }

    @Command(name = "sunset", description = "Set (DATE, UTC: 2026-01-31 or 2026-01-31T12:00:00Z) or clear (--clear) the sunset of an access path.")
    static final class Sunset extends Change {
        @Parameters(index = "0", paramLabel = "PATH", description = "api_keys or integration_apps")
        String path;

        @Parameters(index = "1", arity = "0..1", paramLabel = "DATE")
        String date;

        @Option(names = "--clear", description = "Remove the sunset.")
        boolean clear;

        Map.Entry<String, Map<String, Object>> apply(Wiring w) {
            Lifecycle.AccessPath p = Lifecycle.AccessPath.byKey(path)
                    .orElseThrow(() -> new InvalidInputException("PATH: must be api_keys or integration_apps"));
            if (clear == (date != null)) throw new InvalidInputException("sunset: give a DATE or --clear");
            Instant at = clear ? null : SunsetDate.parse(date);
            w.lifecycle().setSunset(p, at);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("path", p.key());
            d.put("sunset_at", at == null ? null : at.toString());
            return Map.entry("lifecycle.sunset", d);
        }
    }
}
