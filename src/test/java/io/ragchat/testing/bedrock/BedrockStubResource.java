package io.ragchat.testing.bedrock;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one {@link BedrockStub} for a {@code @QuarkusTest} and points the Bedrock provider at it: its
 * endpoint as {@value #ENDPOINT_OVERRIDE}, region {@value #REGION}, and static credentials as the
 * {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties, which the AWS SDK's default
 * credentials chain reads first: nothing about credentials goes through ragchat's configuration.
 */
public class BedrockStubResource implements QuarkusTestResourceLifecycleManager {

    public static final String ENDPOINT_OVERRIDE = "ragchat.llm.bedrock.endpoint-override";
    public static final String REGION = "eu-west-3";
    public static final String ACCESS_KEY_ID = "AKIDRAGCHATTEST";

    private BedrockStub stub;

    @Override
    public Map<String, String> start() {
        stub = BedrockStub.start();
        System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", "not-a-secret");
        return Map.of(ENDPOINT_OVERRIDE, stub.endpoint(), "ragchat.llm.bedrock.region", REGION);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stub, new TestInjector.AnnotatedAndMatchesType(InjectBedrockStub.class, BedrockStub.class));
    }

    @Override
    public void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (stub != null) {
            stub.stop();
            stub = null;
        }
    }
}
