package io.ragchat.followup.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.ragchat.history.service.HistoryMessage;

/** Which questions the rule searches with their conversation, and what it joins them with. */
class FollowUpRuleTest {

    private static final List<HistoryMessage> CONVERSATION = List.of(
            new HistoryMessage("user", "What does the archiver's compression level control?"),
            new HistoryMessage("assistant", "It trades speed for size [1]."),
            new HistoryMessage("user", "Which levels are there?"),
            new HistoryMessage("assistant", "Levels 1 to 9 [1]."));

    @ParameterizedTest
    @ValueSource(strings = {"And what is its default?", "Why?", "What about Windows?", "Can they be disabled?",
            "How do I change that?", "Any examples?", "how about the cloud version", "Is there another way to set it?"})
    void aQuestionThatRefersBackIsSearchedWithTheEarlierQuestions(String followUp) {
        assertThat(FollowUpRule.query(followUp, CONVERSATION, 2)).isEqualTo(
                "What does the archiver's compression level control?\nWhich levels are there?\n" + followUp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"How do I configure the embedding cache TTL?", "What port does the admin console listen on?",
            "Which databases does the connector support?", "How do I rotate the server's TLS certificates?"})
    void aQuestionThatStandsAloneIsSearchedAsAsked(String question) {
        assertThat(FollowUpRule.query(question, CONVERSATION, 2)).isEqualTo(question);
    }

    @Test
    void onlyTheConfiguredNumberOfEarlierQuestionsIsUsed() {
        assertThat(FollowUpRule.query("Why?", CONVERSATION, 1)).isEqualTo("Which levels are there?\nWhy?");
    }

    @Test
    void withoutAnEarlierQuestionTheQuestionIsSearchedAsAsked() {
        assertThat(FollowUpRule.query("And what is its default?", List.of(), 2)).isEqualTo("And what is its default?");
    }
}
