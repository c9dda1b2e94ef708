package io.ragchat.followup.service;

/** The text a question is searched with, and whether the model was asked to write it. */
public record StandaloneQuery(String text, boolean askedModel) {
}
