package dev.edgerelay.sim.http;

import io.vertx.ext.web.Router;

/** Builds the emulator's router: fault injection first, every spec section's routes, then the envelope for errors. */
public final class ApiRouter {
  private ApiRouter() {}

  public static Router create(SimContext sim, FaultInjector faults) {
    Router router = Router.router(sim.vertx());
    router.route().handler(faults);
    new DeviceRoutes(sim).mount(router);
    new ChannelRoutes(sim).mount(router);
    new CommandRoutes(sim).mount(router);
    new PlayRoutes(sim).mount(router);
    new PictureRoutes(sim).mount(router);
    new VodRoutes(sim).mount(router);
    new MiscRoutes(sim).mount(router);
    new StatRoutes(sim).mount(router);
    new ObjectStorageRoutes(sim).mount(router);
    new SimControlRoutes(sim, faults).mount(router);
    router.route().failureHandler(Envelope::failure);
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, Envelope::failure);
    }
    return router;
  }
}
