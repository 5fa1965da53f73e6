package dev.northstar.common;

import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The event contract's validator and codec as beans (their schemas load once, at start-up). */
@ApplicationScoped
public class ContractBeans {

    @Produces
    @ApplicationScoped
    EventCodec codec() {
        return new EventCodec(EventValidator.fromSystemProperty());
    }
}
