package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class TokenSettingsCheckTest {

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }

    @Test
    void aServiceWithoutIssuerKeyAndAudienceNamesAllThree() {
        assertEquals(List.of("mp.jwt.verify.issuer", "mp.jwt.verify.publickey.location", "mp.jwt.verify.audiences"),
                TokenSettingsCheck.missing(config(Map.of())));
    }

    @Test
    void blankValuesAreMissing() {
        assertEquals(List.of("mp.jwt.verify.audiences"), TokenSettingsCheck.missing(config(Map.of(
                "mp.jwt.verify.issuer", "https://idp.example", "mp.jwt.verify.publickey.location",
                "https://idp.example/jwks", "mp.jwt.verify.audiences", " "))));
    }

    @Test
    void anyKeySourceWillDo() {
        for (String key : TokenSettingsCheck.KEYS) {
            assertEquals(List.of(), TokenSettingsCheck.missing(config(Map.of("mp.jwt.verify.issuer",
                    "https://idp.example", key, "x", "mp.jwt.verify.audiences", "northstar"))), key);
        }
    }
}
