package io.ragchat.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key presented by a service caller. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
