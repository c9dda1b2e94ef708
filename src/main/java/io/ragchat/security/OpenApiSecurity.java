package io.ragchat.security;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Declares the two ways to authenticate in the OpenAPI document, and requires one of them on every operation
 * of the API ({@code /api}, {@code /v1}: none of them is public), so Swagger UI's "Authorize" sends a token
 * or a key with the requests it tries. Done here rather than per resource, as the HTTP permissions that
 * enforce it are one rule for all paths.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class OpenApiSecurity implements OASFilter {

    static final String BEARER = "bearerJwt";
    static final String API_KEY = "apiKey";

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(OASFactory.createComponents());
        }
        openApi.getComponents()
                .addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .bearerFormat("JWT")
                        .description("A JWT from the identity provider, with the caller's tenant in its tenant claim;"
                                + " an API key (rck_...) is also accepted as a bearer token."))
                .addSecurityScheme(API_KEY, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER).name(CallerAuthenticationMechanism.API_KEY_HEADER)
                        .description("An API key of a service caller (rck_...)."));
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
            return;
        }
        openApi.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/") || path.startsWith("/v1/")) {
                item.getOperations().values().forEach(operation -> operation
                        .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(BEARER))
                        .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(API_KEY)));
            }
        });
    }
}
