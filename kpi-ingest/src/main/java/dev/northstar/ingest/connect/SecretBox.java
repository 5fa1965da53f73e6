package dev.northstar.ingest.connect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets tenants store for their connectors (AES-256-GCM, a random 96-bit nonce per secret, the tenant
 * and source as associated data, so that a row copied to another tenant does not decrypt), and hashes webhook tokens,
 * which only need comparing.
 */
public final class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    /** @param base64Key 32 bytes, base64 */
    public SecretBox(String base64Key) {
        byte[] k = Base64.getDecoder().decode(base64Key.trim());
        if (k.length != 32) {
            throw new IllegalArgumentException("northstar.connectors.secret-key must be 32 bytes (base64), was "
                    + k.length);
        }
        this.key = new SecretKeySpec(k, "AES");
    }

    public byte[] seal(String secret, String tenant, String source) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(aad(tenant, source));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String open(byte[] sealed, String tenant, String source) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
            c.updateAAD(aad(tenant, source));
            return new String(c.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored secret does not open with this key", e);
        }
    }

    private static byte[] aad(String tenant, String source) {
        return (tenant + "\u0000" + source).getBytes(StandardCharsets.UTF_8);
    }

    /** SHA-256 of a webhook token. */
    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a presented token is the one whose hash is stored, in time independent of where they differ. */
    public static boolean matches(String presented, byte[] storedHash) {
        return presented != null && storedHash != null && MessageDigest.isEqual(hash(presented), storedHash);
    }
}
