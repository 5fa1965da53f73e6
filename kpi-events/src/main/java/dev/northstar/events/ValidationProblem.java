package dev.northstar.events;

/** One problem of an event: the JSON pointer (RFC 6901) of the offending value and a human message. */
public record ValidationProblem(String pointer, String message) {

    /** The same problem placed under a prefix, e.g. the index of an event in a batch. */
    public ValidationProblem under(String prefix) {
        return new ValidationProblem(prefix + pointer, message);
    }
}
