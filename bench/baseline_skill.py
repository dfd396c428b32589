"""The yardstick: the smallest ask-sdk-core skill that answers like ours.

One handler, speech plus reprompt plus a Simple card, wired through the SDK's
own lambda_handler. Closer Again's costs are reported as ratios to this.
"""

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model.ui import SimpleCard


class AnswerEverything(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return True

    def handle(self, handler_input):
        text = "Hold hands while you watch something together tonight."
        return (
            handler_input.response_builder.speak(f"<speak>{text} Would you like another?</speak>")
            .ask("<speak>Would you like another?</speak>")
            .set_card(SimpleCard("Closer Again", text))
            .response
        )


_builder = SkillBuilder()
_builder.add_request_handler(AnswerEverything())
lambda_handler = _builder.lambda_handler()
