package io.ragchat.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuestionSetTest {

    @TempDir
    Path folder;

    @Test
    void everyQuestionFileIsReadAndTheHalvesAlternateByIdOrder() throws Exception {
        Files.writeString(folder.resolve("questions-b.jsonl"), """
                {"id":"c004","page":"command/project.html","question":"d?","level":"easy"}
                {"id":"c001","page":"command/add_library.html","question":"a?","level":"hard"}
                """);
        Files.writeString(folder.resolve("questions-a.jsonl"), """
                {"id":"c003","page":"command/if.html","question":"c?"}

                {"id":"c002","page":"command/set.html","question":"b?","level":"easy"}
                """);
        Files.writeString(folder.resolve("notes.jsonl"), "{\"id\":\"n1\"}\n");
        Files.writeString(folder.resolve("followups.jsonl"), """
                {"id":"f001","page":"variable/A.html","first":"q","firstPage":"prop_tgt/A.html","followUp":"and?","standalone":"A?"}
                """);

        QuestionSet set = QuestionSet.load(folder);

        assertThat(set.questions()).extracting(QuestionSet.Question::id).containsExactly("c001", "c002", "c003", "c004");
        assertThat(set.half(EvalOptions.Half.TUNE).questions()).extracting(QuestionSet.Question::id).containsExactly("c001", "c003");
        assertThat(set.half(EvalOptions.Half.HELD_OUT).questions()).extracting(QuestionSet.Question::id)
                .containsExactly("c002", "c004");
        assertThat(set.half(EvalOptions.Half.ALL).questions()).hasSize(4);
        assertThat(set.followUps()).singleElement().extracting(QuestionSet.FollowUp::firstPage).isEqualTo("prop_tgt/A.html");
        assertThat(set.half(EvalOptions.Half.HELD_OUT).followUps()).isEmpty();
        assertThat(set.pages()).contains("command/set.html", "variable/A.html", "prop_tgt/A.html");
    }

    @Test
    void aDuplicateIdOrAMissingFieldNamesTheProblem() throws Exception {
        Files.writeString(folder.resolve("questions.jsonl"), """
                {"id":"c001","page":"a.html","question":"a?"}
                {"id":"c001","page":"b.html","question":"b?"}
                """);
        assertThatThrownBy(() -> QuestionSet.load(folder)).hasMessageContaining("c001");

        Files.writeString(folder.resolve("questions.jsonl"), "{\"id\":\"c001\",\"page\":\"a.html\"}\n");
        assertThatThrownBy(() -> QuestionSet.load(folder)).hasMessageContaining("questions.jsonl:1")
                .hasMessageContaining("question");
    }
}
