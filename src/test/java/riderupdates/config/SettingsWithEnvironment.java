package riderupdates.config;

import java.util.Map;

/** Settings as a process with exactly these environment variables would read them (for tests of secrets). */
public final class SettingsWithEnvironment {

    private SettingsWithEnvironment() {
    }

    public static RiderSettings load(Map<String, String> overrides, Map<String, String> environment) {
        return RiderSettings.load(overrides, environment);
    }
}
