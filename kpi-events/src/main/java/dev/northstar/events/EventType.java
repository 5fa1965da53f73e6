package dev.northstar.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of the contract, with its CloudEvents {@code type} and the record its data maps to. */
public enum EventType {
    TEAM_REGISTERED("team.registered", EventData.TeamRegistered.class),
    ACCOUNT_TARGETED("account.targeted", EventData.AccountTargeted.class),
    ACCOUNT_OWNER_CHANGED("account.owner_changed", EventData.AccountOwnerChanged.class),
    CALL_LOGGED("call.logged", EventData.CallLogged.class),
    CONVERSATION_HELD("conversation.held", EventData.ConversationHeld.class),
    APPOINTMENT_SET("appointment.set", EventData.Appointment.class),
    APPOINTMENT_HELD("appointment.held", EventData.Appointment.class),
    APPOINTMENT_CANCELLED("appointment.cancelled", EventData.Appointment.class),
    DEAL_CREATED("deal.created", EventData.DealCreated.class),
    DEAL_WON("deal.won", EventData.DealWon.class),
    DEAL_LOST("deal.lost", EventData.DealLost.class),
    CONTRACT_RENEWED("contract.renewed", EventData.ContractTerm.class),
    CONTRACT_CHURNED("contract.churned", EventData.ContractTerm.class),
    CONTRACT_EXPANDED("contract.expanded", EventData.ContractExpanded.class),
    REVENUE_RECOGNIZED("revenue.recognized", EventData.RevenueRecognized.class),
    NPS_RESPONDED("nps.responded", EventData.NpsResponded.class),
    ONBOARDING_STARTED("onboarding.started", EventData.Onboarding.class),
    ONBOARDING_COMPLETED("onboarding.completed", EventData.Onboarding.class),
    FEEDBACK_SUBMITTED("feedback.submitted", EventData.FeedbackSubmitted.class),
    KNOWLEDGE_SHARED("knowledge.shared", EventData.KnowledgeShared.class),
    INSIGHT_CAPTURED("insight.captured", EventData.InsightCaptured.class);

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final Class<? extends EventData> dataClass;

    EventType(String wireName, Class<? extends EventData> dataClass) {
        this.wireName = wireName;
        this.dataClass = dataClass;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code call.logged}. */
    public String wireName() {
        return wireName;
    }

    /** The record that this type's {@code data} is read into. */
    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** The classpath resource of this type's data schema. */
    public String schemaResource() {
        return "northstar/schemas/" + wireName + ".schema.json";
    }

    /** The type with this CloudEvents {@code type}, if the contract has one. */
    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
