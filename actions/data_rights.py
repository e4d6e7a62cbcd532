"""Patient data rights: delete my conversation.

Flow (domain/rules owned by the lead): intent ``request_data_deletion`` ->
``utter_confirm_data_deletion`` (yes/no buttons) -> ``affirm`` ->
``action_delete_conversation``.

This action sends ``utter_data_deleted`` and returns the deletion marker
``SlotSet("conversation_deleted", True)``. The marker is acted on by
``rasa_ext.tracker_store.ManagedSQLTrackerStore`` when Rasa saves the turn: it
deletes every stored event of the conversation (it cannot be done here: the
action server has no access to the tracker store, and Rasa would re-insert the
events at the end of the turn anyway).
"""

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from storage.deletion import DELETION_SLOT


class ActionDeleteConversation(Action):
    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_data_deleted")
        return [SlotSet(DELETION_SLOT, True)]
