package io.ragchat.llm.service;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.langchain4j.ollama.ChatRequest;
import io.quarkiverse.langchain4j.ollama.OllamaRestApi;

/**
 * Adds {@code keep_alive} ({@code ragchat.llm.keep-alive}) to every chat request sent to Ollama, so the
 * model stays loaded between users instead of being unloaded after Ollama's default five minutes and
 * making the next user pay a cold load. quarkus-langchain4j-ollama's request has no such field, so the
 * request is re-encoded here with the extension's own JSON conventions and the field added.
 */
@Provider
public class OllamaKeepAlive implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getEntity() instanceof ChatRequest chat) {
            ObjectNode body = OllamaRestApi.objectMapper(null).valueToTree(chat);
            body.put("keep_alive", keepAlive());
            request.setEntity(body);
        }
    }

    private static String keepAlive() {
        return ConfigProvider.getConfig().getValue("ragchat.llm.keep-alive", String.class);
    }
}
