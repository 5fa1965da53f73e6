package dev.northstar.ingest.connect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the CRM connectors ({@code northstar.connectors.*}). */
@ConfigMapping(prefix = "northstar.connectors")
public interface ConnectorConfig {

    /**
     * The key (base64 of 32 bytes) that encrypts the secrets tenants store (the HubSpot app secret). Unset: no secret
     * can be stored, and HubSpot webhooks are refused. The dev and test profiles and the local stack use a local
     * development key; production sets its own (NORTHSTAR_CONNECTORS_SECRET_KEY, from a secret store).
     */
    Optional<String> secretKey();

    /**
     * The public base URL of kpi-ingest as the CRMs call it ({@code https://ingest.example.com}), for HubSpot's
     * signature, which covers the whole URL. Unset: the URL of the request as it arrived.
     */
    Optional<String> publicUrl();

    /** How old a HubSpot request's timestamp may be (HubSpot: five minutes). */
    @WithDefault("5m")
    Duration signatureWindow();

    /** How long a tenant's mapping and settings are remembered before they are read again (a change shows after). */
    @WithDefault("5s")
    Duration cacheTtl();

    /** The most changes one request (or one CDC record) may carry. */
    @WithDefault("1000")
    int maxChanges();
}
