package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Every --help names what an option takes and says what each argument is: a user reads these, not the source. */
class HelpTextTest {

    @Test
    void everyOptionValueHasAName() {
        List<String> unnamed = new ArrayList<>();
        forEachCommand(Warren.commandLine(""), spec -> {
            for (OptionSpec o : spec.options()) {
                if (o.arity().max() > 0 && o.paramLabel().startsWith("<")) {
                    unnamed.add(spec.qualifiedName() + " " + o.longestName() + "=" + o.paramLabel());
                }
            }
        });
        assertThat(unnamed).as("options whose value shows as picocli's <fieldName>: give them a paramLabel").isEmpty();
    }

    @Test
    void aSplitOptionsLabelNamesOneValue() {
        List<String> doubled = new ArrayList<>();
        forEachCommand(Warren.commandLine(""), spec -> {
            for (OptionSpec o : spec.options()) {
                if (!o.splitRegex().isEmpty() && o.paramLabel().contains(o.splitRegex())) {
                    doubled.add(spec.qualifiedName() + " " + o.longestName() + "=" + o.paramLabel());
                }
            }
        });
        // picocli adds "[,X...]" itself to a split option's label: "CIDR[,CIDR...]" showed as
        // --publish-allow=CIDR[,CIDR...][,CIDR[,CIDR...]...]
        assertThat(doubled).as("split options whose label repeats what picocli appends").isEmpty();
    }

    @Test
    void everyArgumentIsDescribed() {
        List<String> bare = new ArrayList<>();
        forEachCommand(Warren.commandLine(""), spec -> {
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (String.join("", p.description()).isBlank()) {
                    bare.add(spec.qualifiedName() + " " + p.paramLabel());
                }
            }
        });
        assertThat(bare).as("positional parameters with no description in --help").isEmpty();
    }

    @Test
    void everyCommandsFirstLineIsASentence() {
        List<String> cut = new ArrayList<>();
        forEachCommand(Warren.commandLine(""), spec -> {
            String[] description = spec.usageMessage().description();
            if (description.length > 0 && !description[0].strip().endsWith(".")) {
                cut.add(spec.qualifiedName() + ": " + description[0]);
            }
        });
        assertThat(cut).as("the command lists show a command's first description line alone: it must be whole").isEmpty();
    }

    @Test
    void everyDescriptionLineIsWhole() {
        List<String> cut = new ArrayList<>();
        forEachCommand(Warren.commandLine(""), spec -> {
            String[] lines = spec.usageMessage().description();
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].strip();
                boolean continues = i + 1 < lines.length && !lines[i + 1].isBlank()
                        && Character.isLowerCase(lines[i + 1].charAt(0)); // indented lines are examples
                if (l.endsWith(",") || (continues && !l.endsWith(":") && !l.endsWith("."))) {
                    cut.add(spec.qualifiedName() + ": " + lines[i]);
                }
            }
        });
        // picocli wraps each line on its own: a sentence split over two lines shows a break in mid-sentence
        assertThat(cut).as("description lines that end mid-sentence").isEmpty();
    }

    private static void forEachCommand(CommandLine cli, java.util.function.Consumer<CommandSpec> check) {
        check.accept(cli.getCommandSpec());
        cli.getSubcommands().values().forEach(sub -> forEachCommand(sub, check));
    }
}
