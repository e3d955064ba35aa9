package riderupdates.producer;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * One rider's location update. Marshalled by camel-jackson to {@code {"name":"tony","location":"north"}}:
 * the field names and their order are the original tutorial's, so its kafkajs clients read our records.
 */
@JsonSerialize(using = RiderUpdate.Json.class)
public record RiderUpdate(String name, String location) {

    /**
     * The tutorial's two fields, written in turn to Jackson's generator (which escapes and encodes them). Jackson's
     * bean serializer reads each field through reflection: for a piped file, a quarter of the input thread's time.
     */
    static final class Json extends StdSerializer<RiderUpdate> {
        private static final SerializedString NAME = new SerializedString("name");
        private static final SerializedString LOCATION = new SerializedString("location");

        Json() {
            super(RiderUpdate.class);
        }

        @Override
        public void serialize(RiderUpdate update, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartObject(update);
            json.writeFieldName(NAME);
            json.writeString(update.name());
            json.writeFieldName(LOCATION);
            json.writeString(update.location());
            json.writeEndObject();
        }
    }
}
