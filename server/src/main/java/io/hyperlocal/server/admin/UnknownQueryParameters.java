package io.hyperlocal.server.admin;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;

/**
 * A query parameter that an admin or console call does not read is refused, naming it and those it
 * reads: ignored, {@code /admin/usage/daily?subscribr=sub-1} answered every subscriber's totals as if
 * the filter had applied. The parameters a call reads are its method's {@code @QueryParam}s; a
 * method that takes the whole {@link UriInfo} reads what it likes, and is left alone. Runs after
 * {@link AdminAuthentication}, so a caller without the admin key learns nothing of the API here.
 */
@Provider
@Priority(Priorities.USER + 100)
public class UnknownQueryParameters implements ContainerRequestFilter {
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/admin") && !path.startsWith("/console/api")) {
            return;
        }
        Method method = resource.getResourceMethod();
        if (method == null || request.getUriInfo().getQueryParameters().isEmpty()) {
            return;
        }
        Set<String> known = new TreeSet<>();
        for (Class<?> type : method.getParameterTypes()) {
            if (UriInfo.class.isAssignableFrom(type)) {
                return;
            }
        }
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof QueryParam parameter) {
                    known.add(parameter.value());
                }
            }
        }
        for (String name : new TreeSet<>(request.getUriInfo().getQueryParameters().keySet())) {
            if (!known.contains(name)) {
                throw new HyperlocalException(ErrorCode.UNKNOWN_PARAMETER, "Unknown query parameter '" + name + "' for "
                        + request.getMethod() + " " + path + (known.isEmpty() ? ", which takes none."
                        : "; it takes " + String.join(", ", known) + "."), name);
            }
        }
    }
}
