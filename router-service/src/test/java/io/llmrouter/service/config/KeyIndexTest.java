package io.llmrouter.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyIndexTest {

    private static TenantRegistry.Identity identity(String name) {
        return new TenantRegistry.Identity(null, new InboundKey(name, null, InboundKey.NEVER, null));
    }

    @Test
    void anEmptyIndexFindsNothing() {
        assertNull(new KeyIndex(List.of()).find("anything"));
        assertNull(new KeyIndex(List.of()).find(null));
        assertNull(new KeyIndex(List.of()).find(""));
    }

    @Test
    void everyOneOfAThousandKeysIsFoundAndNothingElse() {
        List<KeyIndex.Entry> entries = new ArrayList<>();
        List<TenantRegistry.Identity> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            TenantRegistry.Identity id = identity("k" + i);
            ids.add(id);
            entries.add(new KeyIndex.Entry(KeyIndex.sha256("key-" + i), id));
        }
        KeyIndex index = new KeyIndex(entries);
        for (int i = 0; i < 1_000; i++) {
            assertSame(ids.get(i), index.find("key-" + i));
        }
        assertNull(index.find("key-1000"));
        assertEquals(1_000, index.size());
    }

    @Test
    void digestsSharingTheirFirstEightBytesAreToldApartByTheWholeDigest() {
        byte[] real = KeyIndex.sha256("the-key");
        byte[] twin = Arrays.copyOf(real, real.length);
        twin[31] ^= 1;
        byte[] other = Arrays.copyOf(real, real.length);
        other[20] ^= 1;
        TenantRegistry.Identity found = identity("real");
        KeyIndex index = new KeyIndex(List.of(new KeyIndex.Entry(twin, identity("twin")),
                new KeyIndex.Entry(real, found), new KeyIndex.Entry(other, identity("other"))));
        assertSame(found, index.find("the-key"));
    }
}
