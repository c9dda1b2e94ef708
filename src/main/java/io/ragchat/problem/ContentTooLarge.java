package io.ragchat.problem;

import jakarta.validation.Payload;

/**
 * Carried by a constraint whose violation means "too long" rather than "malformed": a request failing only
 * such constraints is answered with 413 Content Too Large instead of 400, as clients expect of a size limit.
 */
public interface ContentTooLarge extends Payload {
}
