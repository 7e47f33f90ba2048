package dev.edgerelay.relay.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods the routes of a path take, for a 405's {@code Allow} header (RFC 9110 15.5.6) and its sentence: a
 * client that sent the wrong method is told which one to use. Read from the router's routes at the time of the
 * error (a 405 is rare), so it cannot drift from the routes themselves.
 */
final class AllowedMethods {
  /** A {@code :name} segment of a route's path template. */
  private static final Pattern PARAM = Pattern.compile(":[A-Za-z0-9_]+");

  private AllowedMethods() {}

  /** The methods of every route whose path takes {@code path}, sorted by name; empty when none names its methods. */
  static Set<String> of(Router router, String path) {
    Set<String> allowed = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      if (methods != null && !methods.isEmpty() && takes(route, path)) {
        methods.forEach(m -> allowed.add(m.name()));
      }
    }
    return allowed;
  }

  /** Exact paths, prefixes ({@code /vod/*}, kept as {@code /vod/}) and {@code :param} templates; regexes are not read. */
  private static boolean takes(Route route, String path) {
    String declared = route.getPath();
    if (declared == null) {
      return false;
    }
    if (!declared.contains(":")) {
      return declared.endsWith("/") ? path.startsWith(declared) : path.equals(declared);
    }
    StringBuilder regex = new StringBuilder();
    Matcher param = PARAM.matcher(declared);
    int at = 0;
    while (param.find()) {
      regex.append(Pattern.quote(declared.substring(at, param.start()))).append("[^/]+");
      at = param.end();
    }
    regex.append(Pattern.quote(declared.substring(at)));
    return path.matches(regex.toString());
  }
}
