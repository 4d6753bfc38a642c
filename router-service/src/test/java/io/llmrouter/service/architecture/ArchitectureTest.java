package io.llmrouter.service.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.llmrouter.core.convert.Codecs;

/**
 * The dependency rules of docs/architecture.md, over the production classes of router-api, router-core and
 * router-service. A rule that no longer holds fails here with the offending dependency, whatever the compiler allows.
 */
@AnalyzeClasses(packages = "io.llmrouter",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    /** router-core's test-jar (its state store contract, run on the Redis store too) holds tests, not production. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static final String API = "io.llmrouter.api..";
    private static final String CORE = "io.llmrouter.core..";
    private static final String SERVICE = "io.llmrouter.service..";
    /** The codecs: the registry and the contracts in convert, the protocols in its subpackages. */
    private static final String CONVERT = "io.llmrouter.core.convert..";
    /** The protocol packages alone (convert.openai, convert.gemini...), not the contracts above them. */
    private static final String PROTOCOL = "io.llmrouter.core.convert.*..";
    /** The transports: Vert.x in upstream, the REST client in upstream.restclient. */
    private static final String TRANSPORT = "io.llmrouter.core.upstream..";
    private static final String ROUTING = "io.llmrouter.core.routing..";

    @ArchTest
    static final ArchRule apiStandsAlone = noClasses().that().resideInAPackage(API)
            .should().dependOnClassesThat().resideInAnyPackage(CORE, SERVICE)
            .because("router-api is the types users touch, usable without the router");

    @ArchTest
    static final ArchRule coreKnowsNoService = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage(SERVICE)
            .because("router-core is the library; the Quarkus service is one user of it");

    @ArchTest
    static final ArchRule coreNeedsNoContainer = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.inject..", "jakarta.enterprise..",
                    "org.eclipse.microprofile.config..", "io.quarkus.arc..")
            .because("router-core is used with new; the service produces its beans (wiring.RouterBeans)");

    @ArchTest
    static final ArchRule protocolsAreApart = slices().matching("io.llmrouter.core.convert.(*)..")
            .should().notDependOnEachOther()
            .because("a protocol is one package: adding or changing one touches no other");

    @ArchTest
    static final ArchRule protocolsKnowNoTransport = noClasses().that().resideInAPackage(CONVERT)
            .should().dependOnClassesThat().resideInAPackage(TRANSPORT)
            .because("codecs build bodies and wire requests (core.wire); sending them is the transport's job");

    @ArchTest
    static final ArchRule transportsKnowNoCodec = noClasses().that().resideInAPackage(TRANSPORT)
            .should().dependOnClassesThat().resideInAPackage(CONVERT)
            .because("a transport moves bytes (core.wire) and never converts them");

    @ArchTest
    static final ArchRule wireIsNeutral = noClasses().that().resideInAPackage("io.llmrouter.core.wire..")
            .should().dependOnClassesThat().resideInAnyPackage(CONVERT, TRANSPORT, ROUTING)
            .because("core.wire is what codecs and transports share, so it depends on neither");

    @ArchTest
    static final ArchRule jsonKnowsNoProtocol = noClasses().that().resideInAPackage("io.llmrouter.core.json..")
            .should().dependOnClassesThat().resideInAnyPackage(CONVERT, TRANSPORT, ROUTING)
            .because("one field reader with one wording for every protocol");

    @ArchTest
    static final ArchRule failureParsesNoBody = noClasses().that().resideInAPackage("io.llmrouter.core.failure..")
            .should().dependOnClassesThat().resideInAPackage(CONVERT)
            .because("the classifier weighs status, headers and the facts each protocol's errors state");

    @ArchTest
    static final ArchRule selectionAndBreakerStayPure = noClasses()
            .that().resideInAnyPackage("io.llmrouter.core.selection..", "io.llmrouter.core.breaker..")
            .should().dependOnClassesThat().resideInAnyPackage(CONVERT, TRANSPORT, ROUTING)
            .because("choosing an endpoint and counting its failures know nothing of formats, HTTP or a call");

    @ArchTest
    static final ArchRule governanceCountsOnly = noClasses()
            .that().resideInAPackage("io.llmrouter.core.governance..")
            .should().dependOnClassesThat().resideInAnyPackage(CONVERT, TRANSPORT, ROUTING,
                    "io.llmrouter.core.selection..")
            .because("limits and budgets count units in windows; a call's format, transport and endpoints are the"
                    + " router's business");

    @ArchTest
    static final ArchRule oneRegistry = noClasses().that().resideOutsideOfPackage(PROTOCOL)
            .and().doNotHaveFullyQualifiedName(Codecs.class.getName())
            .should().dependOnClassesThat().resideInAPackage(PROTOCOL)
            .because("Codecs is the only registry: a protocol is reached through it, never by name");

    @ArchTest
    static final ArchRule serviceEncodesNothing = noClasses().that().resideInAPackage(SERVICE)
            .and().resideOutsideOfPackage("io.llmrouter.service.wiring..")
            .should().dependOnClassesThat().resideInAPackage(CONVERT)
            .because("front doors, the gateway, the guard and the simulator answer through routing (Replies,"
                    + " LocalAnswers); only wiring builds the registry");

    @ArchTest
    static final ArchRule oneWayToRedis = noClasses().that().resideOutsideOfPackage("io.llmrouter.service.state..")
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus.redis..", "io.vertx.redis..",
                    "io.vertx.mutiny.redis..")
            .because("the shared state is the only user of Redis: one place for its timeouts, store breaker and keys");

    @ArchTest
    static final ArchRule configKnowsNoState = noClasses().that().resideInAPackage("io.llmrouter.service.config..")
            .should().dependOnClassesThat().resideInAPackage("io.llmrouter.service.state..")
            .because("tenants are built the same whatever the store; the state reaches them, not the other way");
}
