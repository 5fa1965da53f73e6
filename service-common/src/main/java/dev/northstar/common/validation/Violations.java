package dev.northstar.common.validation;

import dev.northstar.events.ValidationProblem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
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
     * properties are what the caller named); a parameter on its own is named by its name (the query parameter's,
     * as the resources name them alike).
     */
    static String pointer(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder out = new StringBuilder();
        for (Iterator<Path.Node> it = nodes.iterator(); it.hasNext();) {
            Path.Node node = it.next();
            boolean last = !it.hasNext();
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
                    || node.getKind() == ElementKind.PARAMETER && !last || node.getKind() == ElementKind.BEAN) {
                continue;
            }
            if (node.getIndex() != null && node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                out.append('/').append(node.getIndex());
                continue;
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                out.append('/').append(node.getName().replace("~", "~0").replace("/", "~1"));
            }
            if (node.getIndex() != null) {
                out.append('/').append(node.getIndex());
            }
        }
        return out.toString();
    }
}
