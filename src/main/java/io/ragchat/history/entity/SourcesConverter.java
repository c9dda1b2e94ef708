package io.ragchat.history.entity;

import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ragchat.history.service.SourceRef;

/** An answer's sources as a JSON array in a text column. */
@Converter
public class SourcesConverter implements AttributeConverter<List<SourceRef>, String> {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final TypeReference<List<SourceRef>> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<SourceRef> sources) {
        try {
            return sources == null ? null : JSON.writeValueAsString(sources);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Sources could not be written as JSON", e);
        }
    }

    @Override
    public List<SourceRef> convertToEntityAttribute(String column) {
        try {
            return column == null ? null : JSON.readValue(column, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored sources are not valid JSON", e);
        }
    }
}
