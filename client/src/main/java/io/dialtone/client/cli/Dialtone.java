package io.dialtone.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dialtone} command line: {@code serve}, {@code call}, {@code demo}, {@code phone},
 * {@code register} and {@code options}. Exit codes: 0
 * success, 1 the call did not do what was asked, 2 usage error, 3 local failure (port in use).
 */
@Command(name = "dialtone", mixinStandardHelpOptions = true, version = "dialtone 0.1.0",
        description = "Dialtone SIP user agent.",
        subcommands = {ServeCommand.class, CallCommand.class, DemoCommand.class, PhoneCommand.class,
                RegisterCommand.class, OptionsCommand.class})
public final class Dialtone implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        int code = new CommandLine(new Dialtone()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("dialtone: " + e.getMessage());
            return 3;
        }).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: serve, call, demo, phone, register or options");
    }
}
