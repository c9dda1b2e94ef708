package io.ragchat.testing.llm;

import java.time.Duration;
import java.util.Arrays;

/**
 * The flags of {@link LlmSimulator#main(String[])}, as {@code --flag value} or {@code --flag=value}.
 *
 * @param port port to bind on 127.0.0.1; 0 picks a free one
 * @param help whether {@code --help} was asked for
 */
record SimulatorCommandLine(int port, SimulatorProfile profile, boolean help) {

    static final String USAGE = """
            Usage: LlmSimulator [flags]
              --port N            port on 127.0.0.1 (default 0: a free port, printed at start)
              --preset NAME       fast | instant | small-model-cpu | large-model-cpu (default small-model-cpu)
              --load-ms N         cold model load time in milliseconds
              --prefill-tps X     prompt tokens read per second (Infinity: no prefill time)
              --decode-tps X      answer tokens written per second (Infinity: all at once)
              --tokens N          answer length in tokens
              --models A,B,...    model names the server knows
              --embedding-dim N   embedding vector length
              --api-key KEY       require "Authorization: Bearer KEY" on /v1 endpoints
              --help              this text
            Flags apply on top of the preset, whatever their order.""";

    static SimulatorCommandLine parse(String[] args) {
        String preset = "small-model-cpu";
        int port = 0;
        boolean help = false;
        // Presets first, then the figures on top of them, whatever the order on the command line.
        for (int i = 0; i < args.length; i++) {
            Flag flag = Flag.at(args, i);
            if (flag.name().equals("--preset")) {
                preset = flag.value();
            }
            i = flag.nextIndex() - 1;
        }
        SimulatorProfile.Builder profile = SimulatorProfile.preset(preset).toBuilder();
        for (int i = 0; i < args.length; i++) {
            Flag flag = Flag.at(args, i);
            switch (flag.name()) {
                case "--help" -> help = true;
                case "--preset" -> { } // read above
                case "--port" -> port = flag.intValue();
                case "--load-ms" -> profile.loadTime(Duration.ofMillis(flag.intValue()));
                case "--prefill-tps" -> profile.prefillTokensPerSecond(flag.doubleValue());
                case "--decode-tps" -> profile.decodeTokensPerSecond(flag.doubleValue());
                case "--tokens" -> profile.answerTokens(flag.intValue());
                case "--models" -> profile.models(Arrays.stream(flag.value().split(","))
                        .map(String::strip).filter(name -> !name.isEmpty()).toList());
                case "--embedding-dim" -> profile.embeddingDimension(flag.intValue());
                case "--api-key" -> profile.apiKey(flag.value());
                default -> throw new IllegalArgumentException("unknown flag " + flag.name());
            }
            i = flag.nextIndex() - 1;
        }
        return new SimulatorCommandLine(port, profile.build(), help);
    }

    /** One flag and its value, whichever way it was written; {@code nextIndex} is where the next starts. */
    private record Flag(String name, String value, int nextIndex) {

        static Flag at(String[] args, int index) {
            String arg = args[index];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected a flag, got '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                return new Flag(arg.substring(0, equals), arg.substring(equals + 1), index + 1);
            }
            if (arg.equals("--help")) {
                return new Flag(arg, "", index + 1);
            }
            if (index + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            return new Flag(arg, args[index + 1], index + 2);
        }

        int intValue() {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a whole number, got '" + value + "'");
            }
        }

        double doubleValue() {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, got '" + value + "'");
            }
        }
    }
}
