package io.ragchat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

/**
 * The layers of package-info.java, checked on the compiled main classes: a package may use the ones below
 * it, never one above, and no packages use each other round a cycle.
 */
class ArchitectureTest {

    /** Top to bottom, as package-info.java draws them; each layer is one or more packages under io.ragchat. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("openai", "health"),
            List.of("chat"),
            List.of("followup"),
            List.of("llm"),
            List.of("prompt"),
            List.of("history"),
            List.of("retrieval"),
            List.of("rerank"),
            List.of("document"),
            List.of("embedding"),
            List.of("limit", "security", "problem", "resilience", "database", "metrics", "tracing", "http"));

    private static final int MAX_COLLABORATORS = 8;

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.ragchat");
    }

    @Test
    void noPackageUsesOneAboveIt() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> layer : LAYERS) {
            layers = layers.layer(name(layer)).definedBy(layer.stream().map(pkg -> "io.ragchat." + pkg + "..")
                    .toArray(String[]::new));
        }
        layers = layers.whereLayer(name(LAYERS.get(0))).mayNotBeAccessedByAnyLayer();
        for (int i = 1; i < LAYERS.size(); i++) {
            layers = layers.whereLayer(name(LAYERS.get(i)))
                    .mayOnlyBeAccessedByLayers(LAYERS.subList(0, i).stream().map(ArchitectureTest::name)
                            .toArray(String[]::new));
        }
        layers.check(mainClasses);
    }

    @Test
    void everyMainClassIsInALayer() {
        // Classes outside every layer would escape the rule above: a new package is given its place first.
        classes().that().doNotHaveSimpleName("package-info")
                .should().resideInAnyPackage(LAYERS.stream().flatMap(List::stream)
                        .map(pkg -> "io.ragchat." + pkg + "..").toArray(String[]::new))
                .check(mainClasses);
    }

    @Test
    void noPackagesUseEachOtherRoundACycle() {
        slices().matching("io.ragchat.(*)..").should().beFreeOfCycles().check(mainClasses);
    }

    @Test
    void noBeanHasMoreThanEightCollaborators() {
        // A bean that needs more than eight others to do its job is doing two jobs.
        classes().that().areAnnotatedWith("jakarta.enterprise.context.ApplicationScoped")
                .or().areAnnotatedWith("jakarta.inject.Singleton")
                .or().areAnnotatedWith("jakarta.enterprise.context.RequestScoped")
                .or().areAnnotatedWith("jakarta.ws.rs.Path")
                .should(new ArchCondition<JavaClass>("take at most " + MAX_COLLABORATORS + " collaborators") {
                    @Override
                    public void check(JavaClass bean, ConditionEvents events) {
                        for (JavaConstructor constructor : bean.getConstructors()) {
                            int count = constructor.getRawParameterTypes().size();
                            if (count > MAX_COLLABORATORS) {
                                events.add(SimpleConditionEvent.violated(bean,
                                        bean.getName() + " takes " + count + " collaborators"));
                            }
                        }
                    }
                })
                .check(mainClasses);
    }

    private static String name(List<String> layer) {
        return String.join("+", layer);
    }
}
