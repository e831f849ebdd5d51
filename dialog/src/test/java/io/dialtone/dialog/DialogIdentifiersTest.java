package io.dialtone.dialog;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("tags and Call-IDs: random, distinct across threads (§19.3, §8.1.1.4)")
class DialogIdentifiersTest {
    @Test
    void tagsCarryAtLeast32RandomBitsAndDoNotRepeat() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Runnable draw = () -> {
            for (int i = 0; i < 20_000; i++) {        // several refills of each thread's buffer
                String tag = Dialog.newTag();
                assertThat(tag).matches("[0-9a-f]{1,12}");
                seen.add(tag);
            }
        };
        Thread a = new Thread(draw);
        Thread b = new Thread(draw);
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(seen).hasSize(40_000);
        long shortTags = seen.stream().filter(t -> t.length() < 8).count();  // a 48-bit value below 2^28 by chance: 2^-20 each
        assertThat(shortTags).isLessThan(10);
    }

    @Test
    void callIdsAreDistinctAndCarryTheHost() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Dialog.newCallId("192.0.2.9");
            assertThat(id).endsWith("@192.0.2.9");
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
