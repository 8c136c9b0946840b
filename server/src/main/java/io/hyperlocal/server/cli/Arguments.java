package io.hyperlocal.server.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line arguments: positional words and {@code --name value} or {@code --name=value}
 * options, checked against the options a command knows.
 */
final class Arguments {
    private final List<String> positional;
    private final Map<String, String> options;

    private Arguments(List<String> positional, Map<String, String> options) {
        this.positional = positional;
        this.options = options;
    }

    static Arguments parse(List<String> args, Set<String> known) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            int equals = name.indexOf('=');
            String value = equals >= 0 ? name.substring(equals + 1) : null;
            name = equals >= 0 ? name.substring(0, equals) : name;
            // The name first: a misspelt last option ("up --prot") is unknown, not short of a value.
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name + " (known: " + String.join(", ",
                        known.stream().sorted().map(k -> "--" + k).toList()) + ")");
            }
            if (value == null) {
                if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option --" + name + " needs a value");
                }
            }
            options.put(name, value);
        }
        return new Arguments(positional, options);
    }

    List<String> positional() {
        return positional;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** A wrong command line; the message says what is wrong, the caller prints the usage. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
