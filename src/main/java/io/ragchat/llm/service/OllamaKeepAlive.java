package io.ragchat.llm.service;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.langchain4j.ollama.ChatRequest;
import io.quarkiverse.langchain4j.ollama.OllamaRestApi;

/**
 * Adds {@code keep_alive} ({@code ragchat.llm.keep-alive}) to every chat request sent to Ollama, so the
 * model stays loaded between users instead of being unloaded after Ollama's default five minutes and
 * making the next user pay a cold load. quarkus-langchain4j-ollama's request has no such field, so the
 * request is encoded here with the extension's own JSON conventions and the field appended to the object.
 * Encoded once as text rather than turned into a tree and encoded from that, and with the setting read
 * once: the tree and a configuration lookup per answer were 2.6 % of the service's Java samples at 32 streams
 * (docs/benchmarks.md, "The history's writes and the model's request").
 */
@Provider
public class OllamaKeepAlive implements ClientRequestFilter {

    private final ObjectMapper json = OllamaRestApi.objectMapper(null);
    /** The member appended to the request's object, its value quoted as JSON. */
    private final String keepAliveMember;

    public OllamaKeepAlive() {
        try {
            keepAliveMember = ",\"keep_alive\":"
                    + json.writeValueAsString(ConfigProvider.getConfig().getValue("ragchat.llm.keep-alive", String.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ragchat.llm.keep-alive could not be written as JSON", e);
        }
    }

    @Override
    public void filter(ClientRequestContext request) throws JsonProcessingException {
        if (request.getEntity() instanceof ChatRequest chat) {
            String body = json.writeValueAsString(chat);
            // A JSON object ends with its closing brace: the member goes before it.
            request.setEntity(body.substring(0, body.length() - 1) + keepAliveMember + "}");
        }
    }
}
