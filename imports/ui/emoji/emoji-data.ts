/** The picker's sections, in the order they are shown. */
export type EmojiCategory = 'people' | 'nature' | 'food' | 'activity' | 'travel' | 'objects' | 'symbols';

export interface EmojiEntry {
  readonly emoji: string;
  /** A short name, as typed after a colon (`tada`); unique across the set. */
  readonly name: string;
  readonly keywords: readonly string[];
  readonly category: EmojiCategory;
}

export const EMOJI_CATEGORY_LABELS: Readonly<Record<EmojiCategory, string>> = {
  people: 'Smileys & people',
  nature: 'Animals & nature',
  food: 'Food & drink',
  activity: 'Activities',
  travel: 'Travel & places',
  objects: 'Objects',
  symbols: 'Symbols',
};

// One emoji a line: the character(s), its name, then search keywords. Kept as text so the set
// stays small in the bundle and easy to extend.
const TABLE: Readonly<Record<EmojiCategory, string>> = {
  people: `
😀 grinning smile happy
😃 smiley happy joy
😄 smile happy laugh
😁 grin happy teeth
😆 laughing lol haha
😅 sweat_smile relief phew
🤣 rofl rolling floor laughing
😂 joy tears laughing
🙂 slightly_smiling_face smile
🙃 upside_down_face silly sarcasm
😉 wink flirt
😊 blush smile shy
😇 innocent halo angel
🥰 smiling_face_with_hearts love adore
😍 heart_eyes love crush
🤩 star_struck wow amazing
😘 kissing_heart kiss love
😗 kissing kiss
😋 yum tasty delicious
😛 stuck_out_tongue tongue playful
😜 stuck_out_tongue_winking_eye crazy tongue
🤪 zany_face crazy wild
😝 stuck_out_tongue_closed_eyes tongue
🤑 money_mouth_face rich money
🤗 hugs hug thanks
🤭 hand_over_mouth oops giggle
🤫 shushing_face quiet secret
🤔 thinking hmm think wonder
🤐 zipper_mouth_face secret quiet
🤨 raised_eyebrow doubt skeptic
😐 neutral_face meh
😑 expressionless blank
😶 no_mouth silent
😏 smirk smug
😒 unamused meh bored
🙄 roll_eyes eyeroll whatever
😬 grimacing awkward eek
😌 relieved calm
😔 pensive sad
😪 sleepy tired
🤤 drooling_face hungry
😴 sleeping zzz tired
😷 mask sick ill
🤒 face_with_thermometer sick fever
🤕 face_with_head_bandage hurt
🤢 nauseated_face sick gross
🤮 vomiting sick
🤧 sneezing_face cold sick
🥵 hot_face heat sweat
🥶 cold_face freezing
🥴 woozy_face dizzy drunk
😵 dizzy_face dizzy
🤯 exploding_head mind blown
🤠 cowboy_hat_face cowboy yeehaw
🥳 partying_face party celebrate birthday
😎 sunglasses cool
🤓 nerd_face geek
🧐 monocle_face inspect hmm
😕 confused puzzled
😟 worried concern
🙁 slightly_frowning_face sad
😮 open_mouth surprise wow
😯 hushed surprise
😲 astonished shock wow
😳 flushed embarrassed blush
🥺 pleading_face please puppy eyes
😦 frowning shock
😧 anguished pain
😨 fearful scared
😰 cold_sweat nervous anxious
😥 disappointed_relieved phew sad
😢 cry sad tear
😭 sob crying sad
😱 scream horror shock
😖 confounded frustrated
😣 persevere struggle
😞 disappointed sad
😓 sweat hard work
😩 weary tired
😫 tired_face exhausted
🥱 yawning_face bored tired
😤 triumph huff proud
😡 rage angry mad
😠 angry mad
🤬 cursing_face swearing angry
😈 smiling_imp devil evil
💀 skull dead dying
💩 poop hankey
🤡 clown_face clown
👻 ghost boo halloween
👽 alien ufo
🤖 robot bot
😺 smiley_cat cat happy
😻 heart_eyes_cat cat love
🙈 see_no_evil monkey blind
🙉 hear_no_evil monkey deaf
🙊 speak_no_evil monkey mute
👋 wave hello hi bye
🤚 raised_back_of_hand hand
✋ raised_hand hand stop high five
🖖 vulcan_salute spock
👌 ok_hand okay perfect
🤌 pinched_fingers italian
✌️ v peace victory
🤞 crossed_fingers luck hope
🤟 love_you_gesture ily
🤘 metal rock horns
🤙 call_me_hand shaka
👈 point_left left
👉 point_right right
👆 point_up_2 up
👇 point_down down
☝️ point_up up first
👍 +1 thumbsup yes approve like agree
👎 -1 thumbsdown no disagree dislike
✊ fist raised solidarity
👊 fistbump punch bump
👏 clap applause bravo
🙌 raised_hands hooray celebrate praise
👐 open_hands hug
🤲 palms_up_together please
🤝 handshake deal agreement
🙏 pray please thanks hope
✍️ writing_hand write
💪 muscle strong flex
🧠 brain smart think
👀 eyes look see watching
👁️ eye look
👶 baby child
🧑 person adult
👩 woman
👨 man
🧑‍💻 technologist developer coder laptop
🧑‍🎨 artist painter
🧑‍🚀 astronaut space
🧑‍🍳 cook chef
🤷 shrug dunno whatever
🤦 facepalm doh
🙋 raising_hand question me
🙇 bow thanks sorry
💁 tipping_hand info
🙅 no_good no stop
🙆 ok_person okay
🏃 runner run hurry
💃 dancer dance party
🕺 man_dancing dance party
👯 dancers party
🧘 lotus_position yoga calm zen
`,
  nature: `
🐶 dog puppy pet
🐱 cat kitten pet
🐭 mouse animal
🐹 hamster pet
🐰 rabbit bunny
🦊 fox animal
🐻 bear animal
🐼 panda animal
🐨 koala animal
🐯 tiger animal
🦁 lion animal king
🐮 cow animal
🐷 pig animal
🐸 frog animal
🐵 monkey_face monkey
🐔 chicken bird
🐧 penguin bird linux
🐦 bird tweet
🦆 duck bird rubber
🦅 eagle bird
🦉 owl bird wise night
🦇 bat night
🐺 wolf animal
🐴 horse animal
🦄 unicorn magic
🐝 bee honeybee busy
🐛 bug insect
🦋 butterfly insect pretty
🐌 snail slow
🐞 lady_beetle ladybug
🐢 turtle slow
🐍 snake python
🦖 t-rex dinosaur
🐙 octopus animal
🦀 crab rust
🐬 dolphin sea
🐳 whale docker sea
🦈 shark sea
🐘 elephant animal
🦒 giraffe animal
🐿️ chipmunk squirrel
🦔 hedgehog animal
🐾 feet paw prints
🌵 cactus desert
🎄 christmas_tree xmas holiday
🌲 evergreen_tree tree
🌳 deciduous_tree tree
🌴 palm_tree tropical
🌱 seedling plant grow new
🌿 herb plant
🍀 four_leaf_clover luck
🍁 maple_leaf autumn canada
🍂 fallen_leaf autumn
🌷 tulip flower spring
🌹 rose flower love
🌻 sunflower flower
🌸 cherry_blossom flower spring
💐 bouquet flowers
🌞 sun_with_face sunny
🌝 full_moon_with_face moon
🌙 crescent_moon night moon
⭐ star favourite
🌟 star2 glowing star shine
✨ sparkles shiny new magic
⚡ zap lightning fast
🔥 fire hot lit flame
🌈 rainbow pride
☀️ sunny sun weather
⛅ partly_sunny cloud weather
☁️ cloud weather
🌧️ rain weather
⛈️ thunder_cloud_and_rain storm
❄️ snowflake cold winter
☃️ snowman winter
🌊 ocean wave water sea
💧 droplet water
🌍 earth_africa world globe
🌎 earth_americas world globe
🌏 earth_asia world globe
`,
  food: `
🍏 green_apple fruit
🍎 apple fruit red
🍐 pear fruit
🍊 tangerine orange fruit
🍋 lemon fruit sour
🍌 banana fruit
🍉 watermelon fruit summer
🍇 grapes fruit
🍓 strawberry fruit
🫐 blueberries fruit
🍒 cherries fruit
🍑 peach fruit
🥭 mango fruit
🍍 pineapple fruit
🥥 coconut fruit
🥝 kiwi_fruit fruit
🍅 tomato vegetable
🥑 avocado vegetable
🥦 broccoli vegetable
🌶️ hot_pepper spicy chili
🌽 corn vegetable
🥕 carrot vegetable
🥔 potato vegetable
🥐 croissant bread breakfast
🍞 bread toast
🥨 pretzel snack
🧀 cheese food
🥚 egg breakfast
🍳 fried_egg cooking breakfast
🥞 pancakes breakfast
🥓 bacon breakfast
🍔 hamburger burger food
🍟 fries chips
🍕 pizza food slice
🌭 hotdog food
🥪 sandwich lunch
🌮 taco food mexican
🌯 burrito food mexican
🥗 green_salad salad healthy
🍝 spaghetti pasta
🍜 ramen noodles soup
🍣 sushi food japanese
🍱 bento lunch box
🍛 curry rice
🍚 rice food
🥟 dumpling food
🍤 fried_shrimp tempura
🍦 icecream dessert
🍩 doughnut donut dessert
🍪 cookie biscuit dessert
🎂 birthday cake party
🍰 cake dessert slice
🧁 cupcake dessert
🍫 chocolate_bar chocolate sweet
🍬 candy sweet
🍭 lollipop sweet
🍿 popcorn movie snack
🥛 milk glass drink
☕ coffee cafe tea espresso morning
🍵 tea green drink
🧃 beverage_box juice
🥤 cup_with_straw soda drink
🧋 bubble_tea boba
🍺 beer drink cheers
🍻 beers cheers drinks
🥂 clinking_glasses champagne cheers toast celebrate
🍷 wine_glass wine drink
🍸 cocktail drink martini
🍹 tropical_drink cocktail vacation
🧊 ice cube cold
🍽️ plate_with_cutlery dinner lunch
`,
  activity: `
🎉 tada party celebrate congratulations hooray popper
🎊 confetti_ball party celebrate
🎈 balloon party birthday
🎁 gift present birthday
🎀 ribbon gift
🏆 trophy win award champion
🥇 1st_place_medal gold first winner
🥈 2nd_place_medal silver second
🥉 3rd_place_medal bronze third
🏅 medal sports award
⚽ soccer football sport
🏀 basketball sport
🏈 football american sport
⚾ baseball sport
🎾 tennis sport
🏐 volleyball sport
🏓 ping_pong table tennis
🏸 badminton sport
⛳ golf sport
🎣 fishing_pole fishing
🥊 boxing_glove boxing fight
🎯 dart target bullseye goal
🎱 8ball pool billiards
🎮 video_game game controller gaming
🕹️ joystick game arcade
🎲 game_die dice random
🧩 jigsaw puzzle piece
♟️ chess_pawn chess strategy
🎨 art palette paint design
🎭 performing_arts theater drama
🎬 clapper movie film action
🎤 microphone sing karaoke
🎧 headphones music listen
🎵 musical_note music
🎶 notes music
🎸 guitar music rock
🎹 musical_keyboard piano music
🥁 drum music
🎺 trumpet music
🎻 violin music
🚴 bike cycling
🏄 surfer surf
🏊 swimmer swim
⛷️ skier ski snow
🧗 climbing climb
🏋️ weight_lifting gym lift
`,
  travel: `
🚀 rocket launch ship deploy fast
✈️ airplane flight travel
🛫 flight_departure takeoff travel
🛬 flight_arrival landing travel
🚗 car automobile drive
🚕 taxi car
🚌 bus transit
🚲 bicycle bike
🛴 kick_scooter scooter
🚂 steam_locomotive train
🚆 train travel rail
🚇 metro subway
🚢 ship boat cruise
⛵ boat sailboat
🚁 helicopter flight
🛸 flying_saucer ufo
🚦 traffic_light signal
🚧 construction wip work in progress
⚓ anchor ship
🏠 house home
🏡 house_with_garden home
🏢 office building work
🏥 hospital health
🏫 school education
🏰 castle european
🗼 tokyo_tower tower
🗽 statue_of_liberty new york
⛺ tent camping
🏖️ beach_umbrella beach vacation
🏝️ desert_island island vacation
🏔️ mountain_snow mountain
🌋 volcano mountain
🗺️ world_map map
🧭 compass direction navigate
🌃 night_with_stars city night
🌅 sunrise morning
🌄 sunrise_over_mountains morning
🎡 ferris_wheel fair
🎢 roller_coaster ride
🗿 moyai statue
`,
  objects: `
⌚ watch time
📱 iphone phone mobile
💻 computer laptop work
⌨️ keyboard typing
🖥️ desktop_computer screen
🖨️ printer print
🖱️ computer_mouse mouse click
💾 floppy_disk save
💿 cd disc
📷 camera photo
🎥 movie_camera film video
📺 tv television
📻 radio music
🔋 battery power
🔌 electric_plug plug power
💡 bulb idea light
🔦 flashlight torch
🕯️ candle light
💸 money_with_wings spend money
💵 dollar money cash
💰 moneybag money rich
💳 credit_card payment
💎 gem diamond jewel
⚖️ balance_scale justice law
🔧 wrench fix tool
🔨 hammer build tool
🛠️ hammer_and_wrench tools build fix
⚙️ gear settings config
🔩 nut_and_bolt hardware
🧰 toolbox tools
🧲 magnet attract
🧪 test_tube experiment test lab
🔬 microscope science research
🔭 telescope space
📡 satellite_antenna signal
💉 syringe vaccine
💊 pill medicine
🚪 door exit
🛏️ bed sleep
🛋️ couch_and_lamp sofa relax
🚽 toilet bathroom
🧹 broom clean sweep
🧺 basket laundry
🔑 key password lock
🗝️ old_key key
🔒 lock secure private
🔓 unlock open
🛡️ shield security protect
📦 package box delivery ship
📫 mailbox mail
✉️ email envelope letter
📧 e-mail email
📨 incoming_envelope mail
📝 memo note write todo
📄 page_facing_up document
📃 page_with_curl document
📑 bookmark_tabs document
📊 bar_chart stats graph
📈 chart_with_upwards_trend growth up graph
📉 chart_with_downwards_trend down graph decline
📋 clipboard list
📌 pushpin pin location
📍 round_pushpin pin location
📎 paperclip attach
🖇️ paperclips attach
📏 straight_ruler ruler measure
✂️ scissors cut
🗂️ card_index_dividers folders
📁 file_folder folder directory
📂 open_file_folder folder
🗓️ spiral_calendar calendar date
📅 date calendar
📆 calendar schedule
🗑️ wastebasket trash delete bin
📚 books library read study
📖 book open read
🔖 bookmark tag save
🏷️ label tag
🔗 link url chain
✏️ pencil2 write edit
🖊️ pen write
🖌️ paintbrush paint art
🔍 mag search zoom find
🔎 mag_right search find
🔔 bell notification alert
🔕 no_bell mute silent
📣 mega announcement megaphone
📢 loudspeaker announcement
💬 speech_balloon comment chat talk
💭 thought_balloon think idea
🗯️ right_anger_bubble angry
⏰ alarm_clock alarm wake
⏱️ stopwatch timer
⏳ hourglass_flowing_sand waiting time
⌛ hourglass time done
🎓 mortar_board graduation school
👑 crown king queen royal
👓 eyeglasses glasses
🕶️ dark_sunglasses cool
👕 shirt tshirt clothes
🧦 socks clothes
🎒 school_satchel backpack
☂️ umbrella rain
`,
  symbols: `
❤️ heart love red
🧡 orange_heart love
💛 yellow_heart love
💚 green_heart love
💙 blue_heart love
💜 purple_heart love
🖤 black_heart love
🤍 white_heart love
🤎 brown_heart love
💔 broken_heart sad heartbreak
❣️ heavy_heart_exclamation heart
💕 two_hearts love
💖 sparkling_heart love
💗 heartpulse love
💘 cupid love arrow
💯 100 hundred perfect score
💢 anger angry
💥 boom collision explode
💫 dizzy star
💦 sweat_drops water
💨 dash wind fast
🕳️ hole
💤 zzz sleep tired
✅ white_check_mark done check yes ok complete
☑️ ballot_box_with_check check done
✔️ heavy_check_mark check done
❌ x no cross wrong cancel
❎ negative_squared_cross_mark no cross
➕ heavy_plus_sign plus add
➖ heavy_minus_sign minus remove
➗ heavy_division_sign divide
✖️ heavy_multiplication_x multiply
❓ question what help
❔ grey_question question
❗ exclamation important bang
❕ grey_exclamation bang
‼️ bangbang exclamation
⁉️ interrobang what
⚠️ warning caution alert
🚫 no_entry_sign forbidden prohibited
⛔ no_entry stop forbidden
🛑 stop_sign stop
🔴 red_circle red status
🟠 orange_circle orange
🟡 yellow_circle yellow
🟢 green_circle green status online
🔵 large_blue_circle blue
🟣 purple_circle purple
⚫ black_circle black
⚪ white_circle white
🟥 red_square red
🟩 green_square green
🟦 blue_square blue
🔺 small_red_triangle up
🔻 small_red_triangle_down down
🔶 large_orange_diamond diamond
🔷 large_blue_diamond diamond
🆗 ok okay
🆕 new fresh
🆒 cool
🆓 free
🆙 up
🆘 sos help emergency
🔝 top
🔜 soon
🔙 back
➡️ arrow_right right next
⬅️ arrow_left left back
⬆️ arrow_up up
⬇️ arrow_down down
↩️ leftwards_arrow_with_hook return reply
🔄 arrows_counterclockwise refresh sync reload
🔁 repeat loop again
🔀 twisted_rightwards_arrows shuffle merge
▶️ arrow_forward play
⏸️ pause_button pause
⏹️ stop_button stop
⏩ fast_forward fast skip
♻️ recycle environment
🔱 trident
🏁 checkered_flag finish race done
🚩 triangular_flag_on_post flag red
🏳️ white_flag surrender
🏴 black_flag flag
🏳️‍🌈 rainbow_flag pride
ℹ️ information_source info
🔤 abc letters
#️⃣ hash number
*️⃣ asterisk star
0️⃣ zero number
1️⃣ one number
2️⃣ two number
3️⃣ three number
🔟 keycap_ten ten number
©️ copyright
®️ registered
™️ tm trademark
`,
};

function parse(): EmojiEntry[] {
  const entries: EmojiEntry[] = [];
  const seen = new Set<string>();
  for (const [category, block] of Object.entries(TABLE) as [EmojiCategory, string][]) {
    for (const line of block.split('\n')) {
      const [emoji, name, ...keywords] = line.trim().split(/\s+/);
      if (emoji === undefined || emoji === '' || name === undefined || seen.has(name) || seen.has(emoji)) continue;
      seen.add(name).add(emoji);
      entries.push({ emoji, name, keywords, category });
    }
  }
  return entries;
}

/** The built-in set, in display order; names and characters are unique. */
export const EMOJI: readonly EmojiEntry[] = parse();
