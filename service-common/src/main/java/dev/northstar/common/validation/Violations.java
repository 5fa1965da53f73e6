package dev.northstar.common.validation;

import dev.northstar.events.ValidationProblem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Bean Validation's violations as the problems every Northstar API reports: each named by the JSON pointer of what
 * the caller sent — {@code /teamId} for a query parameter or a field of a parameter bean, {@code /tags/2} for an
 * element of a body's list — never by a Java method or parameter name.
 */
public final class Violations {

    private Violations() {
    }

    /** The problems, ordered by pointer. */
    public static List<ValidationProblem> problems(Set<? extends ConstraintViolation<?>> violations) {
        List<ValidationProblem> out = new ArrayList<>();
        for (ConstraintViolation<?> v : violations) {
            out.add(new ValidationProblem(pointer(v.getPropertyPath()), v.getMessage()));
        }
        out.sort(Comparator.comparing(ValidationProblem::pointer).thenComparing(ValidationProblem::message));
        return out;
    }

    /**
     * The pointer of a property path: the method is left out, and so is a parameter that holds a bean or a body (its
     * properties are what the caller named); a parameter on its own, or the elements of one (a repeated query
     * parameter), is named by its name (the query parameter's, as the resources name them alike). An element of a
     * list comes before what is named inside it: {@code /rows/1/grain}.
     */
    static String pointer(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            Path.Node next = i + 1 < nodes.size() ? nodes.get(i + 1) : null;
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
                    || node.getKind() == ElementKind.PARAMETER && next != null
                    && next.getKind() != ElementKind.CONTAINER_ELEMENT || node.getKind() == ElementKind.BEAN) {
                continue;
            }
            // a node's index is its place in the container named before it
            if (node.getIndex() != null) {
                out.append('/').append(node.getIndex());
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null
                    && !node.getName().startsWith("<")) {
                out.append('/').append(node.getName().replace("~", "~0").replace("/", "~1"));
            }
        }
        return out.toString();
    }
}
