package io.thinkgate.api.wire;

import java.util.List;

public record ModelList(String object, List<ModelCard> data) {
}
