/**
 * ragchat's packages are layers along an answer's path; each may use the ones below it, never one above, and
 * ArchitectureTest checks it. Top to bottom:
 * <ol>
 * <li>{@code openai} (a second API over chat) and {@code health} (readiness and warm-up of what lies below);</li>
 * <li>{@code chat}, which answers a question with everything beneath;</li>
 * <li>{@code followup}, which rewrites a follow-up question with the model;</li>
 * <li>{@code llm}, the model that answers a prompt;</li>
 * <li>{@code prompt}, made of retrieved chunks and the conversation's earlier messages;</li>
 * <li>{@code history}, the conversations and the sources their answers cited;</li>
 * <li>{@code retrieval}, then {@code rerank}, which orders what retrieval found;</li>
 * <li>{@code document}, ingestion and the chunking whose token counts the layers above share;</li>
 * <li>{@code embedding}, the vectors of questions and chunks;</li>
 * <li>foundations every feature may use: {@code limit}, {@code security}, {@code problem} (RFC 9457 problems
 * and OpenAI's error body), {@code resilience}, {@code database}, {@code metrics}, {@code tracing},
 * {@code http}.</li>
 * </ol>
 * A type two layers share belongs to the lower one, and configuration a lower layer needs is its own mapping,
 * even when users set it under an upper layer's name ({@code ragchat.chat.deadline} is the limits').
 */
package io.ragchat;
