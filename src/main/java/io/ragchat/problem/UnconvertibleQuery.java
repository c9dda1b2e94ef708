package io.ragchat.problem;

import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestQuery;

/**
 * Which query parameter of a request made JAX-RS give up converting it ({@code ?limit=abc}): the first
 * parameter of the resource method whose value does not convert to its type by JAX-RS's own rule (the
 * type's static {@code valueOf(String)} or {@code fromString(String)}). JAX-RS reports the failure as a
 * bare 404 without saying which parameter it was.
 */
final class UnconvertibleQuery {

    private UnconvertibleQuery() {
    }

    static Optional<Problem.Violation> find(ResourceInfo resource, UriInfo uri) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return Optional.empty();
        }
        for (Parameter parameter : method.getParameters()) {
            String name = queryName(parameter);
            if (name == null || parameter.getType() == String.class) {
                continue;
            }
            for (String value : uri.getQueryParameters().getOrDefault(name, List.of())) {
                if (!converts(parameter.getType(), value)) {
                    return Optional.of(new Problem.Violation(name, UnreadableJson.mustBe(parameter.getType())));
                }
            }
        }
        return Optional.empty();
    }

    private static String queryName(Parameter parameter) {
        RestQuery rest = parameter.getAnnotation(RestQuery.class);
        if (rest != null) {
            return rest.value().isEmpty() ? parameter.getName() : rest.value();
        }
        QueryParam jaxrs = parameter.getAnnotation(QueryParam.class);
        return jaxrs == null ? null : jaxrs.value();
    }

    private static boolean converts(Class<?> type, String value) {
        Class<?> boxed = MethodType.methodType(type).wrap().returnType();
        for (String factory : List.of("valueOf", "fromString")) {
            try {
                boxed.getMethod(factory, String.class).invoke(null, value);
                return true;
            } catch (NoSuchMethodException e) {
                // try the other factory
            } catch (InvocationTargetException e) {
                return false;
            } catch (IllegalAccessException e) {
                return true; // not a type JAX-RS converts this way: not the one at fault
            }
        }
        return true;
    }
}
