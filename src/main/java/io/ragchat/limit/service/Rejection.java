package io.ragchat.limit.service;

/** Why a question was refused or cut short; the {@code reason} tag of {@code ragchat.requests.rejected}. */
enum Rejection {
    /** The caller asked faster than its rate. */
    rate,
    /** The caller already had its most answers in progress. */
    user_streams,
    /** This replica already had its most answers in progress. */
    total_streams,
    /** The answer took longer than {@code ragchat.chat.deadline}. */
    deadline
}
