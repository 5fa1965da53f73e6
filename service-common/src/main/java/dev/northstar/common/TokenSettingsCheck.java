package dev.northstar.common;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a service in production without the three settings that make its tokens mean something: the
 * issuer it trusts, where the issuer's key is (a PEM file or a JWKS URL), and the audience a token must be issued
 * for. None has a production default — the local development issuer and key are defaults of the dev and test profiles
 * only, and the local stack passes them explicitly — so a deployment that forgot one fails at once, by name, instead
 * of accepting tokens meant for another service or signed by a key lying around.
 */
@ApplicationScoped
public class TokenSettingsCheck {

    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    /** Any one of these says where the verification key is. */
    static final List<String> KEYS = List.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey",
            "smallrye.jwt.verify.key.location");

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, Config config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> missing = missing(config);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Refusing to start without " + String.join(", ", missing) + ": set "
                    + "MP_JWT_VERIFY_ISSUER, MP_JWT_VERIFY_PUBLICKEY_LOCATION (a PEM file or JWKS URL) and "
                    + "MP_JWT_VERIFY_AUDIENCES for this deployment (docs/security.md)");
        }
    }

    /** The settings a production service lacks, by name; empty when it has all. */
    static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        if (value(config, ISSUER).isEmpty()) {
            missing.add(ISSUER);
        }
        if (KEYS.stream().allMatch(k -> value(config, k).isEmpty())) {
            missing.add(KEYS.get(0));
        }
        if (value(config, AUDIENCES).isEmpty()) {
            missing.add(AUDIENCES);
        }
        return missing;
    }

    private static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank());
    }
}
