package riderupdates.producer;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One rider's location update. Marshalled by camel-jackson to {@code {"name":"tony","location":"north"}}:
 * the field names and their order are the original tutorial's, so its kafkajs clients read our records.
 */
@JsonPropertyOrder({"name", "location"})
public record RiderUpdate(String name, String location) {
}
