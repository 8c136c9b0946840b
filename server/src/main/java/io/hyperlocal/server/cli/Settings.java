package io.hyperlocal.server.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a setting the way every command does: command-line option, then Java system property,
 * then environment variable, then the default. The server reads the same property names, so the
 * command line only has to copy its choices into system properties.
 */
final class Settings {
    private final Arguments arguments;
    private final Map<String, String> environment;

    Settings(Arguments arguments, Map<String, String> environment) {
        this.arguments = arguments;
        this.environment = environment;
    }

    /**
     * @param option the command-line option, without dashes
     * @param property the configuration property, for example {@code hyperlocal.models.dir}
     */
    Optional<String> find(String option, String property) {
        Optional<String> fromOption = arguments.option(option);
        if (fromOption.isPresent()) {
            return fromOption;
        }
        String fromProperty = System.getProperty(property);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Optional.of(fromProperty);
        }
        String variable = property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment);
        }
        return Optional.empty();
    }

    Path path(String option, String property, Path fallback) {
        return find(option, property).map(Settings::expandHome).orElse(fallback).toAbsolutePath().normalize();
    }

    int port(String option, String property, int fallback) {
        String value = find(option, property).orElse(Integer.toString(fallback));
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new Arguments.UsageException("--" + option + " must be a port in [0, 65535]: " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new Arguments.UsageException("--" + option + " must be a number: " + value);
        }
    }

    static Path home() {
        return Path.of(System.getProperty("user.home"), ".hyperlocal");
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }
}
